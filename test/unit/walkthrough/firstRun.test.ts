// The walkthrough opens by itself on the first run in a profile, and never again on the starts after it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openOnce, SHOWN_KEY, type FlagStore } from "../../../src/walkthrough/firstRun";

/** globalState as VS Code keeps it across starts: a map that outlives each "activation" below. */
function memento(): FlagStore & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    get: <T>(key: string) => values.get(key) as T | undefined,
    update: (key: string, value: unknown) => {
      values.set(key, value);
      return Promise.resolve();
    },
  };
}

test("first start opens it; the next starts do not", async () => {
  const state = memento();
  let opened = 0;
  const open = () => Promise.resolve(opened++);
  assert.equal(await openOnce(state, open), true);
  assert.equal(await openOnce(state, open), false);
  assert.equal(await openOnce(state, open), false);
  assert.equal(opened, 1);
  assert.equal(state.values.get(SHOWN_KEY), true);
});

test("an open that fails is not retried on every start (the flag is written first)", async () => {
  const state = memento();
  await assert.rejects(openOnce(state, () => Promise.reject(new Error("no walkthrough"))));
  let opened = 0;
  assert.equal(await openOnce(state, () => Promise.resolve(opened++)), false);
  assert.equal(opened, 0);
});
