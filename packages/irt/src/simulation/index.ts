// CAT simulation: simulate(), Sympson–Hetter derivation, input validation for the CLI.
export * from './types';
export { simulate, simulatedScore, validateSimulees, SimulationInputError } from './simulate';
export { buildReport, exposureReport, DEFAULT_BINS } from './report';
export {
  deriveSympsonHetter,
  type SympsonHetterOptions,
  type SympsonHetterIteration,
  type SympsonHetterResult,
} from './sympson-hetter';
export { InputFileError, parseJson, parseBankFile, parseSimuleesFile, parseConfigFile } from './files';
export { runSimulateCli, formatReport, type CliIO } from './cli';
