module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // expectValidEntity (the kit's testUtils) and the property tests' expectRefused assert.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectValidEntity', 'expectRefused'] },
    ],
  },
});
