// The Node version check that runs before anything else: in the launchers (./ddw, ddw.cmd,
// npx) and before the build (`npm ci` runs it through `prepare`). Without it, Node 18 failed the
// build with an opaque TypeError and commands started anyway. CommonJS and dependency-light:
// it must run on the oldest Node a student may have.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

function requiredRange() {
  try {
    return JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).engines.node;
  } catch {
    return undefined;
  }
}

/** undefined when `version` satisfies `range`, else the two lines to print. */
function nodeProblem(version, range) {
  if (!range) return undefined;
  let satisfies;
  try {
    satisfies = require('semver/functions/satisfies');
  } catch {
    // Before `npm install`: compare majors and minors of the range's alternatives by hand.
    satisfies = (v, r) =>
      r.split('||').some((part) => {
        const m = /(\^|>=)\s*(\d+)\.?(\d+)?/.exec(part.trim());
        if (!m) return false;
        const [major, minor] = v.split('.').map(Number);
        const [wantMajor, wantMinor] = [Number(m[2]), Number(m[3] || 0)];
        if (m[1] === '>=') return major > wantMajor || (major === wantMajor && minor >= wantMinor);
        return major === wantMajor && minor >= wantMinor;
      });
  }
  if (satisfies(version, range)) return undefined;
  return [
    `✖ ddworkshop needs Node.js ${range.split(' || ').join(', or ')}; this is Node.js ${version}.`,
    '  → Install the current LTS from https://nodejs.org (or: nvm install --lts / fnm install --lts), then run the command again.',
  ].join('\n');
}

module.exports = { nodeProblem, requiredRange };

if (require.main === module) {
  const problem = nodeProblem(process.versions.node, requiredRange());
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
