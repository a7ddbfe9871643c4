/**
 * Scaffolder action for KServe: `kserve:inferenceservice:apply`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleKserve as default } from './module';
export * from './actions';
export type { KserveScaffolderActionOptions } from './lib/options';
