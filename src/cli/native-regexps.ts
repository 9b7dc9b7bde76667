/**
 * Regular expressions straight to machine code. By default V8 first runs a regex in its bytecode interpreter and
 * compiles it to machine code on the second use; for the reply checker's phrase lists (83 alternations of up to
 * 160 phrases, with Unicode letter classes) that first step costs more than the rest: the optimisation pass over
 * their bytecode took about 2 s of CPU in every thread that loads the checker, against about 0.3 s to compile them
 * straight to machine code. Every regex the desk runs is used many times, so none gains from the interpreter.
 * The flag is process-wide (worker threads share it) and read when a regex is first compiled, so this module is
 * imported before anything else runs.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-regexp-tier-up');
