// node cache-calls.mjs CACHE.js -- calls a transpiled cache.wasm (over jco_check.sh's Map) in
// one instance, where entries are hit, replaced, evicted and passed through, and prints how many
// gets returned something else than what the last set stored (whatever the cache did, none may).
const { kvStore } = await import(process.argv[2]);
const long = 'v'.repeat(2000);  // longer than the cache keeps
let gets = 0, wrong = 0;
const expect = (key, want) => {
  const got = kvStore.get(key);
  ++gets;
  if (got !== want) {
    ++wrong;
    console.log(`get(${key}): ${got?.slice(0, 20)}, expected ${want?.slice(0, 20)}`);
  }
};
// Fewer keys than the cache holds: the second get of each is a hit.
for (let i = 0; i < 10; ++i) kvStore.set(`k${i}`, `first ${i}`);
for (let pass = 0; pass < 2; ++pass) for (let i = 0; i < 10; ++i) expect(`k${i}`, `first ${i}`);
expect('missing', undefined);
expect('missing', undefined);
// Cached keys replaced: by a short value, by one too long to cache, and back.
kvStore.set('k1', 'second');
expect('k1', 'second');
kvStore.set('k2', long);
expect('k2', long);
expect('k2', long);
kvStore.set('k2', 'short again');
expect('k2', 'short again');
// More keys than the cache holds, three rounds: entries evicted all along.
for (let round = 0; round < 3; ++round) {
  for (let i = 0; i < 40; ++i) kvStore.set(`e${i}`, `value ${i} of round ${round}`);
  for (let i = 0; i < 40; ++i) expect(`e${i}`, `value ${i} of round ${round}`);
}
console.log(`${gets} gets, ${wrong} wrong`);
