export * from './coverage';
export * from './checks';
export * from './entries';
