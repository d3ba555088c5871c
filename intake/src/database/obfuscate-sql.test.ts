import { describe, expect, it } from 'vitest';
import { isExplainable, obfuscateSql, querySignature, queryTag } from './obfuscate-sql.js';

describe('obfuscateSql', () => {
  it('replaces every kind of literal and bind parameter with ?', () => {
    expect(obfuscateSql("SELECT * FROM users WHERE name = 'o''brien' AND id = 42 AND x > -1.5e3")).toBe(
      'SELECT * FROM users WHERE name = ? AND id = ? AND x > ?',
    );
    expect(obfuscateSql("SELECT $$secret$$, $tag$a 'b'$tag$, E'it\\'s', 0xFF, $3")).toBe(
      'SELECT ?, ?, ?, ?, ?',
    );
    expect(obfuscateSql("SELECT 'card 4111 1111'::text")).toBe('SELECT ?::text');
  });

  it('drops comments, such as the traceparent dd-trace injects', () => {
    const traced =
      "/*dddbs='webapp-postgres',dde='workshop',traceparent='00-abc-def-01'*/ SELECT id FROM t -- note\nWHERE a = 1";
    expect(obfuscateSql(traced)).toBe('SELECT id FROM t WHERE a = ?');
  });

  it('gives the application text and pg_stat_statements’ normalised text one signature', () => {
    const app = `SELECT id, amount
        FROM purchases WHERE product_id = 17 AND status IN ('a','b', 'c') ORDER BY created_at DESC LIMIT 20`;
    const pgss =
      'SELECT id, amount FROM purchases WHERE product_id = $1 AND status IN ($2, $3, $4) ORDER BY created_at DESC LIMIT $5';
    expect(obfuscateSql(app)).toBe(obfuscateSql(pgss));
    expect(querySignature(obfuscateSql(app))).toBe(querySignature(obfuscateSql(pgss)));
    expect(querySignature('SELECT ?')).not.toBe(querySignature('SELECT ?, ?'));
  });

  it('keeps identifiers that contain digits, quoted names and casts', () => {
    expect(obfuscateSql('SELECT t1.col2, "Weird 9" FROM t1 WHERE t1.x = t2.y - 1')).toBe(
      'SELECT t1.col2, "Weird 9" FROM t1 WHERE t1.x = t2.y - ?',
    );
    expect(obfuscateSql('SELECT count(*) FROM users')).toBe('SELECT count(*) FROM users');
  });

  it('truncates the query tag at 200 characters', () => {
    const long = `SELECT ${'a, '.repeat(150)}b FROM t`;
    expect(queryTag(long)).toHaveLength(200);
    expect(queryTag('SELECT ?')).toBe('SELECT ?');
  });

  it('explains reading statements only', () => {
    expect(isExplainable('SELECT * FROM t WHERE a = ?')).toBe(true);
    expect(isExplainable('WITH x AS (SELECT ?) SELECT * FROM x')).toBe(true);
    expect(isExplainable('INSERT INTO t VALUES (?)')).toBe(false);
    expect(isExplainable('WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d')).toBe(false);
    expect(isExplainable('SELECT * INTO t2 FROM t')).toBe(false);
  });
});
