export * from './schema';
export * from './datetime';
export * from './row';
export * from './aggregate';
export * from './period';
