#!/usr/bin/env node
// Runs after `npm install` (root `postinstall`). On a Node older than 22, npm has just printed an
// EBADENGINE warning for each package that wants a newer Node: say once why they do not matter.
// The Node that ran npm is in its user agent ("npm/11.6.2 node/v20.19.5 linux x64"): this script
// itself already runs on the project's Node 24.
const npmNode = /\bnode\/v(\d+)\.[\d.]+/.exec(process.env.npm_config_user_agent ?? '');
if (npmNode && Number(npmNode[1]) < 22) {
  process.stdout.write(
    `\nnote: the "EBADENGINE" warnings above are expected on Node ${npmNode[0].slice(6)}. ` +
      'This project runs on Node 24, which npm has just installed from the `node` package in ' +
      'devDependencies: every `npm start`, `npm test` and `npm run` uses it, not this Node.\n\n',
  );
}
