// Reads a GEXF file with graphology-gexf (the parser of Gephi Lite) and prints what it saw as JSON:
//   {nodes, edges, labels: {id: label}, colors: {id: color}, sizes: {id: size},
//    edgeLabels: {id: label}, edgeKinds: {id: kind}, negated: [edge id], namespace, version}
// Colours are printed as graphology-gexf gives them (e.g. "rgba(46,111,216,1.0)").
// Usage: node tests/js/read_gexf.mjs FILE.gexf   (exit 1 and a message on stderr if unreadable)
import { readFileSync } from "node:fs";
import { DOMParser } from "@xmldom/xmldom";
import Graph from "graphology";
import gexf from "graphology-gexf";

function fail(message) {
  process.stderr.write(`read_gexf: ${message}\n`);
  process.exit(1);
}

const file = process.argv[2];
if (!file) fail("usage: node read_gexf.mjs FILE.gexf");

let text;
try {
  text = readFileSync(file, "utf8");
} catch (err) {
  fail(`cannot read ${file}: ${err.message}`);
}

// xmldom only logs malformed XML by default; a reader for tests must refuse it.
const strict = {
  warning: () => {},
  error: (msg) => {
    throw new Error(`malformed XML: ${msg}`);
  },
  fatalError: (msg) => {
    throw new Error(`malformed XML: ${msg}`);
  },
};

let doc;
let graph;
try {
  doc = new DOMParser({ errorHandler: strict }).parseFromString(text, "application/xml");
  const root = doc.documentElement;
  if (!root || root.localName !== "gexf") fail(`${file}: the root element is not <gexf>`);
  graph = gexf.parse(Graph, doc);
} catch (err) {
  fail(`${file}: ${err.message}`);
}

const labels = {};
const colors = {};
const sizes = {};
graph.forEachNode((id, attrs) => {
  labels[id] = attrs.label ?? null;
  colors[id] = attrs.color ?? null;
  sizes[id] = attrs.size ?? null;
});

const edgeLabels = {};
const edgeKinds = {};
const negated = [];
graph.forEachEdge((id, attrs) => {
  edgeLabels[id] = attrs.label ?? null;
  edgeKinds[id] = attrs.kind ?? null;
  if (attrs.negated === true) negated.push(id);
});

const root = doc.documentElement;
process.stdout.write(
  JSON.stringify({
    namespace: root.namespaceURI,
    version: root.getAttribute("version"),
    type: graph.type,
    multi: graph.multi,
    nodes: graph.order,
    edges: graph.size,
    labels,
    colors,
    sizes,
    edgeLabels,
    edgeKinds,
    negated,
  }) + "\n",
);
