export * from './languages';
export * from './catalogues';
