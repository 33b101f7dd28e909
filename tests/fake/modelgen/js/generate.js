// Runs Amplify codegen's model generator on schemas read from stdin, for the comparison
// test in ../test_against_codegen.py.
//
// stdin:  {"schemas": ["<SDL>", ...], "words": ["Todo", ...]}
// stdout: {"results": [{"models": "<schema.js>", "introspection": "<json>"} | {"error": "..."}],
//          "plurals": ["Todos", ...]}
// The generator's options are its defaults, the feature flags of a new Amplify CLI project.
'use strict';
const { generateModelsSync } = require('@aws-amplify/graphql-generator');
const pluralize = require('pluralize');

const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
// codegen prints a warning for a model-typed field without a relation; keep stdout JSON
console.warn = () => {};
console.log = () => {};

function run(schema) {
  try {
    const models = generateModelsSync({ schema, target: 'javascript' })['schema.js'];
    const introspection = generateModelsSync({ schema, target: 'introspection' })['model-introspection.json'];
    return { models, introspection };
  } catch (error) {
    return { error: String(error && error.message) };
  }
}

process.stdout.write(
  JSON.stringify({
    results: (input.schemas || []).map(run),
    plurals: (input.words || []).map(word => pluralize.plural(word)),
  }),
);
