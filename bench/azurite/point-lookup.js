// Preloaded into the benchmark's Azurite (`node -r bench/azurite/point-lookup.js azurite.js ...`) by the --cases
// scenario only; never by the tests or ./run.sh.
//
// Why: Azurite's in-memory table store (LokiJS) finds one entity with findOne({ RowKey, PartitionKey }), and LokiJS
// applies the first key's binary index, then scans the rows it found for the second. The complaint case table keeps one
// partition per case with a constant RowKey ("case"; the code claims likewise), so with 100,000 cases every insert and
// point read scans all 100,000 rows: seeding grows quadratically (measured: 6 s for the first 2,000 cases, 84 s for the
// seventh 2,000, hours for 100,000) and every point read of the list pays for the whole table. Azure Table Storage looks
// an entity up by its (PartitionKey, RowKey) index, so neither cost exists there.
//
// What it changes: for such a two-key lookup, the key whose index range is narrower is applied first. Same rows found
// (the two conditions are ANDed either way); only the order of the two filters differs.
'use strict';
const path = require('path');
const loki = require(require.resolve('lokijs', { paths: [path.dirname(process.argv[1] || '.')] }));

const Collection = loki.Collection;
const findOne = Collection.prototype.findOne;

function span(collection, property, value) {
  if (!collection.binaryIndices || !collection.binaryIndices[property] || typeof value === 'object') {
    return Number.MAX_SAFE_INTEGER;
  }

  collection.ensureIndex(property);
  const range = collection.calculateRange('$eq', property, value);
  return range[1] < range[0] ? 0 : range[1] - range[0] + 1;
}

Collection.prototype.findOne = function (query) {
  if (query && Object.keys(query).length === 2 && 'RowKey' in query && 'PartitionKey' in query
      && span(this, 'PartitionKey', query.PartitionKey) < span(this, 'RowKey', query.RowKey)) {
    query = { PartitionKey: query.PartitionKey, RowKey: query.RowKey };
  }

  return findOne.call(this, query);
};
