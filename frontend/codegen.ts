import type { CodegenConfig } from '@graphql-codegen/cli'

// Typed documents for the operations written with graphql() in src/. The schema is the one the
// Go backend publishes; the output in src/gql/ is committed so a build never needs codegen.
const config: CodegenConfig = {
  schema: process.env.WAYBILL_SCHEMA ?? '../graph/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*', '!src/**/*.test.{ts,tsx}'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        skipTypename: false,
        avoidOptionals: false,
        scalars: {
          ID: 'string',
          Cursor: 'string',
          Time: 'string',
          Date: 'string',
          Map: 'Record<string, unknown>',
          Uint64: 'number',
          Int64: 'number',
        },
      },
    },
  },
  silent: false,
}

export default config
