/** Unit tests call formatters and components without a route's load function: every section, and the error catalogue, is loaded first. */
import { loadErrorWords, loadSections, SECTIONS } from './index';

await Promise.all([loadSections(...SECTIONS), loadErrorWords()]);
