/** The CLI with every command registered (engine commands and the DAX model's). */
export { main } from './main.ts';
