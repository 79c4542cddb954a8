/** @type {import('jest').Config} */
// Users run in China time: every test runs under it, however jest is started.
process.env.TZ = 'Asia/Shanghai';
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
  testTimeout: 60000,
};
