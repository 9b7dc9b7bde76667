import { stem } from './src/domain/text/stemming.js';
import { normalizeForSearch } from './src/domain/mentions/search-text.js';
const [lang, ...ws] = process.argv.slice(2);
console.log(ws.map(w => `${w}→${stem(normalizeForSearch(w), lang)}`).join('  '));
