/** A CLI failure with its exit code (2 usage or configuration, 1 rejected input, 3 failure); `runCli` prints it. */
export class ExitError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
