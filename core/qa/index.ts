export * from './coverage';
export * from './checks';
