/**
 * The wire format against known vectors: RFC 4231's HMAC-SHA256 case and a message signed
 * by jupyter_client's own Session (frames captured from Python).
 */
import assert from "node:assert/strict";
import { createSigner, decode, encode, signaturesMatch, WireError } from "../../kernel/wire.js";

const KEY = "6b1b7ee6-3c3a-4f1c-a7a6-3f2d2c2f7d1e";
// jupyter_client.session.Session(key=KEY).serialize(msg, ident=[b"client-id"])
const PYTHON_FRAMES = [
  "client-id",
  "<IDS|MSG>",
  "f51f7afdbab4de70726344faca2309ea79978b48598e14db6f073c86308236ff",
  '{"msg_id": "a1", "username": "u", "session": "s1", "date": "2026-01-01T00:00:00.000000Z", "msg_type": "execute_request", "version": "5.3"}',
  "{}",
  "{}",
  '{"code": "1 + 1", "silent": false}',
].map((s) => Buffer.from(s));

describe("kernel/wire", () => {
  it("signs RFC 4231 test case 2 (HMAC-SHA256), whatever the frame boundaries", () => {
    const signer = createSigner("hmac-sha256", "Jefe");
    const expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    assert.equal(signer.sign([Buffer.from("what do ya want for nothing?")]), expected);
    assert.equal(signer.sign([Buffer.from("what do ya "), Buffer.from("want for nothing?")]), expected);
  });

  it("verifies and decodes a message jupyter_client signed", () => {
    const message = decode(PYTHON_FRAMES, createSigner("hmac-sha256", KEY));
    assert.deepEqual(message.identities.map((i) => Buffer.from(i).toString()), ["client-id"]);
    assert.equal(message.header.msg_type, "execute_request");
    assert.deepEqual(message.content, { code: "1 + 1", silent: false });
    assert.deepEqual(message.parent_header, {});
    assert.deepEqual(message.buffers, []);
  });

  it("re-encodes to frames with the same signature jupyter_client would compute", () => {
    const signer = createSigner("hmac-sha256", KEY);
    const frames = encode(decode(PYTHON_FRAMES, signer), signer);
    assert.equal(frames.length, PYTHON_FRAMES.length);
    assert.equal(frames[0]!.toString(), "client-id");
    assert.equal(frames[1]!.toString(), "<IDS|MSG>");
    // JSON spacing differs from Python's, so check the signature over our own bytes
    assert.equal(frames[2]!.toString(), signer.sign(frames.slice(3, 7)));
    assert.deepEqual(decode(frames, signer).content, { code: "1 + 1", silent: false });
  });

  it("drops a message signed with another key, an empty or a truncated signature", () => {
    const other = createSigner("hmac-sha256", "not-the-key");
    assert.throws(() => decode(PYTHON_FRAMES, other), WireError);
    for (const signature of ["", "f51f7afd", "0".repeat(64)]) {
      const frames = [...PYTHON_FRAMES];
      frames[2] = Buffer.from(signature);
      assert.throws(() => decode(frames, createSigner("hmac-sha256", KEY)), /bad signature/);
    }
  });

  it("drops a message whose content was changed after signing", () => {
    const frames = [...PYTHON_FRAMES];
    frames[6] = Buffer.from('{"code": "2 + 2", "silent": false}');
    assert.throws(() => decode(frames, createSigner("hmac-sha256", KEY)), /bad signature/);
  });

  it("drops malformed frames: no delimiter, too few frames, non-JSON, non-object, no msg_type", () => {
    const signer = createSigner("hmac-sha256", "");
    const msg = (header: string, content = "{}") => [Buffer.from("<IDS|MSG>"), Buffer.from(""), Buffer.from(header), Buffer.from("{}"), Buffer.from("{}"), Buffer.from(content)];
    assert.throws(() => decode([Buffer.from("x")], signer), /no <IDS\|MSG> delimiter/);
    assert.throws(() => decode(msg("{}").slice(0, 4), signer), /need at least 5/);
    assert.throws(() => decode(msg("{not json"), signer), /header is not JSON/);
    assert.throws(() => decode(msg('{"msg_id":"1","msg_type":"x"}', "[1]"), signer), /content is not a JSON object/);
    assert.throws(() => decode(msg('{"msg_id":"1"}'), signer), /msg_type/);
    assert.equal(decode(msg('{"msg_id":"1","msg_type":"x"}'), signer).header.msg_type, "x");
  });

  it("an empty key means unsigned messages (the spec's 'no authentication')", () => {
    const signer = createSigner("hmac-sha256", "");
    assert.equal(signer.sign([Buffer.from("anything")]), "");
  });

  it("rejects an unknown signature scheme by name", () => {
    assert.throws(() => createSigner("md5-magic", "k"), /unsupported signature_scheme 'md5-magic'/);
  });

  it("compares signatures of different lengths without throwing", () => {
    assert.equal(signaturesMatch("abcd", "abc"), false);
    assert.equal(signaturesMatch("abcd", "abcd"), true);
  });
});
