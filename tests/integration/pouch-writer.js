#!/usr/bin/env node
// SPDX-License-Identifier: GPL-3.0-or-later
//
// PouchDB's side of the interoperability tests and the sync benchmark:
// documents written by PouchDB itself, and PouchDB's own replicator reading
// what Tiaojie pushed. Prints JSON on stdout.
//
//   pouch-writer.js write URL N            N documents, edits, an attachment,
//                                          a deletion and a conflict
//   pouch-writer.js dump URL               {id: {rev, deleted?, conflicts, doc}}
//   pouch-writer.js replicate URL DIR      PouchDB pulls URL into DIR, then dumps it
//   pouch-writer.js bench-fill URL N M     N case documents and M children (bulk)
//   pouch-writer.js bench-pull URL DIR     time PouchDB's pull into an empty db
//   pouch-writer.js bench-push DIR URL     time PouchDB's push into an empty db
'use strict';

const PouchDB = require('pouchdb-node');

function caseDoc (i) {
  return {
    _id: 'pouch-case-' + String(i).padStart(6, '0'),
    type: 'case',
    title: '劳动争议调解 ' + i,
    applicant: { name: '张三' + i, phone: '1380000' + String(i % 10000).padStart(4, '0') },
    claim_fen: 1234500 + i,
    tags: ['wage', 'overtime'],
    nested: { a: [1, 2, { b: null, c: true }] },
  };
}

async function dump (db) {
  const all = await db.allDocs({ include_docs: true, conflicts: true, attachments: true });
  const out = {};
  for (const row of all.rows) {
    const doc = row.doc;
    out[row.id] = { rev: row.value.rev, conflicts: doc._conflicts || [], doc };
  }
  // Deleted documents are not in allDocs: list them from the changes feed.
  const changes = await db.changes({ style: 'all_docs' });
  for (const c of changes.results) {
    if (c.deleted && !(c.id in out)) {
      const doc = await db.get(c.id, { revs: true, open_revs: 'all' });
      const winner = doc.map(r => r.ok).filter(Boolean)[0];
      out[c.id] = { rev: c.changes[0].rev, deleted: true, conflicts: [], doc: winner };
    }
  }
  return out;
}

async function write (url, n) {
  const db = new PouchDB(url);
  const docs = [];
  for (let i = 0; i < n; i++) docs.push(caseDoc(i));
  const res = checked('the first revisions', await db.bulkDocs(docs));
  // A second revision of every document, on top of the revision the
  // server gave that document's id. Once in many CI runs the edits of two
  // neighbouring documents were refused as conflicts, as if the results
  // had not come back in the order of the documents sent: so the results
  // are matched by id, and a document without one is said by name.
  const revOf = new Map(res.map(r => [r.id, r.rev]));
  const edits = docs.map(d => {
    if (!revOf.has(d._id))
      throw new Error('PouchDB Server gave no revision for ' + d._id + ': ' + JSON.stringify(res));
    return Object.assign({}, d, { _rev: revOf.get(d._id), status: 'open' });
  });
  checked('the second revisions', await db.bulkDocs(edits), res);
  // A binary attachment (every byte value).
  const bytes = Buffer.alloc(256);
  for (let i = 0; i < 256; i++) bytes[i] = i;
  const first = await db.get(docs[0]._id);
  await db.putAttachment(first._id, 'scan.bin', first._rev, bytes, 'application/octet-stream');
  // A deletion.
  const second = await db.get(docs[1]._id);
  await db.remove(second);
  // A conflict: a sibling of the third document's second revision.
  const third = await secondRevision(db, docs[2]._id);
  await db.bulkDocs([{
    _id: third._id,
    _rev: '2-ffffffffffffffffffffffffffffffff',
    _revisions: { start: 2, ids: ['ffffffffffffffffffffffffffffffff', third._revisions.ids[1]] },
    type: 'case', title: 'sibling', claim_fen: 1,
  }], { new_edits: false });
  // What the server keeps of it is what Tiaojie will pull: a history the
  // test did not mean to write is said here, not taken for Tiaojie's fault.
  historyOf('the sibling', await db.get(third._id, { rev: '2-ffffffffffffffffffffffffffffffff', revs: true }), 2);
  return dump(db);
}

// The document at its second revision with its history. Twice in many
// CI runs the sibling below came with the second entry of its history
// missing, as if this read had still found the first revision; so wait
// a little for the second one, and otherwise say what the server gave.
async function secondRevision (db, id) {
  let doc;
  for (let tries = 0; tries < 50; tries++) {
    doc = await db.get(id, { revs: true });
    if (doc._revisions && doc._revisions.start === 2)
      break;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  historyOf('the third document', doc, 2);
  return doc;
}

// Throws with the results when a write of @what was refused, and with
// @before (the results of the write it built on), when given.
function checked (what, results, before) {
  const refused = results.filter(r => r.error);
  if (refused.length > 0)
    throw new Error('PouchDB Server refused ' + what + ': ' + JSON.stringify(refused) +
                    (before ? '; it was building on ' + JSON.stringify(before) : ''));
  return results;
}

// Throws with the document when its _revisions are not @n revision hashes.
function historyOf (what, doc, n) {
  const ids = doc._revisions && doc._revisions.ids;
  if (!Array.isArray(ids) || ids.length !== n || !ids.every(id => typeof id === 'string'))
    throw new Error('PouchDB Server gave ' + what + ' the history ' + JSON.stringify(doc._revisions) +
                    ' (' + JSON.stringify(doc) + ')');
}

async function fill (url, nCases, nChildren) {
  const db = new PouchDB(url);
  const batch = 1000;
  for (let start = 0; start < nCases; start += batch) {
    const docs = [];
    for (let i = start; i < Math.min(nCases, start + batch); i++) docs.push(caseDoc(i));
    await db.bulkDocs(docs);
  }
  for (let start = 0; start < nChildren; start += batch) {
    const docs = [];
    for (let i = start; i < Math.min(nChildren, start + batch); i++) {
      docs.push({
        _id: 'pouch-child-' + String(i).padStart(7, '0'),
        type: ['session', 'wage-line', 'document', 'note'][i % 4],
        case_id: 'pouch-case-' + String(i % Math.max(1, nCases)).padStart(6, '0'),
        date: '2026-11-' + String(1 + (i % 28)).padStart(2, '0'),
        amount_fen: i * 100,
        text: '双方当事人同意调解，用人单位于本月底前支付拖欠工资。'.repeat(2),
      });
    }
    await db.bulkDocs(docs);
  }
  const info = await db.info();
  return { doc_count: info.doc_count, update_seq: info.update_seq };
}

async function main () {
  const [cmd, a, b, c] = process.argv.slice(2);
  let out;
  if (cmd === 'write') {
    out = await write(a, parseInt(b, 10));
  } else if (cmd === 'dump') {
    out = await dump(new PouchDB(a));
  } else if (cmd === 'replicate') {
    const local = new PouchDB(b + '/pouch-replica');
    await PouchDB.replicate(new PouchDB(a), local);
    out = await dump(local);
  } else if (cmd === 'bench-fill') {
    out = await fill(a, parseInt(b, 10), parseInt(c, 10));
  } else if (cmd === 'bench-pull' || cmd === 'bench-push') {
    const local = new PouchDB(cmd === 'bench-pull' ? b + '/pouch-bench' : a + '/pouch-bench');
    const remote = new PouchDB(cmd === 'bench-pull' ? a : b);
    const t0 = process.hrtime.bigint();
    // PouchDB's defaults (batch_size 100, batches_limit 10), or the batch
    // size $BENCH_POUCH_BATCH (the benchmark's knob of the same name).
    const batch = parseInt(process.env.BENCH_POUCH_BATCH || '0', 10);
    const opts = batch > 0 ? { batch_size: batch } : {};
    const res = cmd === 'bench-pull'
      ? await PouchDB.replicate(remote, local, opts)
      : await PouchDB.replicate(local, remote, opts);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    out = { ms, docs_written: res.docs_written, docs_read: res.docs_read };
  } else {
    throw new Error('usage: pouch-writer.js write|dump|replicate|bench-fill|bench-pull|bench-push …');
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch(err => {
  process.stderr.write('pouch-writer: ' + (err && err.stack || err) + '\n');
  process.exit(1);
});
