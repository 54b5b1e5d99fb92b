// The layers of runner/, lowest first: a folder may import its own layer's files and the layers
// below it, never a layer above nor a peer folder of its own layer. `npm test` checks this
// (test/architecture/layers.test.ts), so a type imported "upwards" fails the build: move the type
// down instead (shared types live in runner/model).
const LAYERS = [
  ['errors', 'text'], // words and positions: no dependencies
  ['fs', 'expect'], // files; expectations and matchers, a self-contained library
  ['model'], // the Lab model, results, output events
  ['process', 'redact', 'lab'], // process groups and clients; redaction; Markdown -> Lab, lint
  ['project'], // lab.config.yaml: the profile, project variables and settings applied to the labs
  ['step'], // the step runner and the Target interface
  ['shell'], // the lab's bash session, the local target
  ['ssh', 'kube', 'replay'], // remote targets; the fixture file and its target
  ['report'], // reporters
  ['import'], // a blog post -> a draft lab and its transcribed fixture
  ['run'], // headless runs, preparing targets
  ['walk'], // the interactive walk
  ['cli'], // the command line
];

const folder = (name) => `^runner/${name}/`;
const rules = LAYERS.flatMap((layer, index) => {
  const above = LAYERS.slice(index + 1).flat();
  return layer.map((name) => {
    const forbidden = [...above, ...layer.filter((peer) => peer !== name)];
    return {
      name: `layer-${name}`,
      comment: `runner/${name} may not import ${forbidden.join(', ')} (above it or beside it in the layers)`,
      severity: 'error',
      from: { path: folder(name) },
      to: { path: forbidden.length ? `^runner/(${forbidden.join('|')})/` : '^$' },
    };
  });
});

module.exports = {
  forbidden: [
    ...rules,
    {
      name: 'no-unknown-folder',
      comment: 'every folder of runner/ has its place in the layers of .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: `^runner/(?!(${LAYERS.flat().join('|')})/)[^/]+/` },
      to: {},
    },
    { name: 'no-circular', severity: 'error', from: { path: '^runner/' }, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
