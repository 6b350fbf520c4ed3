// D9: the token binds the professional, proven by a signature from their professional card whose
// certificate chains to a trusted professional-card CA.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { decodeJwt, importJWK, SignJWT } from 'jose';
import { authenticate, buildProfessionalAssertion, createCardAuthority, createIntermediateAuthority, issueProfessionalCard } from '../../src/auth/index.ts';
import { CONTROLLER, OTHER_CONTROLLER, UNIT, startAuthServer, type AuthServer } from './support.ts';

describe('professional assertion', () => {
  let s: AuthServer;
  before(async () => { s = await startAuthServer(); });
  after(async () => { await s.close(); });

  const refusedWith = async (form: Record<string, string>, pattern: RegExp) => {
    const { status, body } = await s.post(form);
    assert.equal(status, 400, JSON.stringify(body));
    assert.equal(body.error, 'invalid_grant');
    assert.match(body.error_description as string, pattern);
  };

  test('D9: a professional with a card from the trusted CA gets a token naming them', async () => {
    const system = await s.addSystem('connecting');
    const card = await s.addProfessional();
    const { status, body } = await s.post(await s.form(system, { card }));
    assert.equal(status, 200);
    const requester = await authenticate(s.keys, s.config, `Bearer ${body.access_token}`);
    assert.equal(requester.professional?.id, card.professionalId);
    assert.equal(requester.professional?.title, 'sosiaalityöntekijä');
  });

  test('D9: a card from an untrusted CA is refused', async () => {
    const system = await s.addSystem('connecting');
    const card = await s.addProfessional({ ca: createCardAuthority('Untrusted CA') });
    await refusedWith(await s.form(system, { card }), /does not chain to a trusted professional-card CA \(last issuer: 'CN=Untrusted CA'\)/);
  });

  test('D9: an expired card is refused', async () => {
    const system = await s.addSystem('connecting');
    const card = await s.addProfessional({ notBefore: new Date(Date.now() - 4 * 365 * 86400_000), notAfter: new Date(Date.now() - 86400_000) });
    await refusedWith(await s.form(system, { card }), /the professional card expired at \d{4}-/);
  });

  test('D9: a card that is not valid yet is refused', async () => {
    const system = await s.addSystem('connecting');
    const card = await s.addProfessional({ notBefore: new Date(Date.now() + 86400_000) });
    await refusedWith(await s.form(system, { card }), /the professional card is not valid until/);
  });

  test('D9: a professional of another controller is refused', async () => {
    const system = await s.addSystem('connecting');
    const card = await s.addProfessional({ org: OTHER_CONTROLLER });
    await refusedWith(await s.form(system, { card }), new RegExp(`works for ${OTHER_CONTROLLER.replace(/\./g, '\\.')}, which is neither controller ${CONTROLLER.replace(/\./g, '\\.')}`));
  });

  test("D9: a professional of one of the controller's units is accepted", async () => {
    const system = await s.addSystem('connecting');
    const card = await s.addProfessional({ org: UNIT });
    const { status, body } = await s.post(await s.form(system, { card }));
    assert.equal(status, 200);
    assert.equal((decodeJwt(body.access_token as string).prof as { org: string }).org, UNIT);
  });

  test("D9: a card whose subject serialNumber is another professional's id is refused", async () => {
    const system = await s.addSystem('connecting');
    const holder = await s.addProfessional();
    const other = await s.addProfessional();
    // The holder's card, claiming to be the other (registered, same controller) professional.
    const card = { ...holder, professionalId: other.professionalId };
    await refusedWith(await s.form(system, { card }), new RegExp(`iss '${other.professionalId}' is not the card holder; the card's subject serialNumber is '${holder.professionalId}'`));
  });

  test('D9: a professional assertion not signed by the card key is refused', async () => {
    const system = await s.addSystem('connecting');
    const card = await s.addProfessional();
    const impostor = await s.addProfessional();
    await refusedWith(await s.form(system, { card: { ...card, privateJwk: impostor.privateJwk } }), /signature does not verify with the key of the card certificate/);
  });

  test('D9: a professional who is not registered in Kansio is refused', async () => {
    const system = await s.addSystem('connecting');
    const issued = issueProfessionalCard(s.ca, { professionalId: '9.2.246.999999', name: 'Ei Rekisterissä' });
    await refusedWith(await s.form(system, { card: issued }), /professional '9\.2\.246\.999999' is not registered/);
  });

  test('D9: a connecting system without a professional assertion is refused', async () => {
    const system = await s.addSystem('connecting');
    await refusedWith(await s.form(system), /professional_assertion is missing: a token for a connecting system must name the professional/);
  });

  test('D9: storing and reading systems need a professional assertion too', async () => {
    await refusedWith(await s.form(await s.addSystem('storing'), { scope: 'system/DocumentReference.cu' }), /professional_assertion is missing/);
    await refusedWith(await s.form(await s.addSystem('reading'), { scope: 'system/DocumentReference.rs' }), /professional_assertion is missing/);
  });

  test('D9: a service system without a professional assertion is accepted, and its token names no professional', async () => {
    const system = await s.addSystem('service');
    const { status, body } = await s.post(await s.form(system, { scope: 'system/DocumentReference.cu' }));
    assert.equal(status, 200);
    const requester = await authenticate(s.keys, s.config, `Bearer ${body.access_token}`);
    assert.equal(requester.professional, undefined);
    assert.equal(requester.profile, 'service');
  });

  test('D9: a professional assertion made for another system is refused', async () => {
    const system = await s.addSystem('connecting');
    const other = await s.addSystem('connecting');
    const card = await s.addProfessional();
    const professional_assertion = await buildProfessionalAssertion({ tokenUrl: s.tokenUrl, clientId: other.clientId, card });
    await refusedWith({ ...(await s.form(system)), professional_assertion }, new RegExp(`client_id must be '${system.clientId}'`));
  });

  test('D9: a replayed professional assertion is refused', async () => {
    const system = await s.addSystem('connecting');
    const card = await s.addProfessional();
    const first = await s.form(system, { card });
    assert.equal((await s.post(first)).status, 200);
    // A fresh client assertion, the same professional assertion.
    await refusedWith({ ...(await s.form(system)), professional_assertion: first.professional_assertion! }, /professional_assertion jti .* has been used before/);
  });

  test('D9: a professional assertion living more than 300 s is refused', async () => {
    const system = await s.addSystem('connecting');
    const card = await s.addProfessional();
    const professional_assertion = await buildProfessionalAssertion({ tokenUrl: s.tokenUrl, clientId: system.clientId, card, lifetimeS: 600 });
    await refusedWith({ ...(await s.form(system)), professional_assertion }, /lives 600 s \(exp - iat\); it may live at most 300 s/);
  });

  test('D9: a professional assertion without x5c is refused', async () => {
    const system = await s.addSystem('connecting');
    const card = await s.addProfessional();
    const professional_assertion = await new SignJWT({ client_id: system.clientId }).setProtectedHeader({ alg: 'ES384' })
      .setIssuer(card.professionalId).setSubject(card.professionalId).setAudience(s.tokenUrl).setIssuedAt().setExpirationTime('2m').setJti('x')
      .sign(await importJWK(card.privateJwk, 'ES384'));
    await refusedWith({ ...(await s.form(system)), professional_assertion }, /has no x5c header/);
  });

  test('D9: the CA certificate itself cannot stand in for a card', async () => {
    const system = await s.addSystem('connecting');
    const card = await s.addProfessional();
    const professional_assertion = await buildProfessionalAssertion({ tokenUrl: s.tokenUrl, clientId: system.clientId, card: { ...card, certPem: s.ca.certPem, privateJwk: { ...s.ca.privateJwk, alg: 'ES384' } } });
    await refusedWith({ ...(await s.form(system)), professional_assertion }, /is a CA certificate; it must be the professional card certificate/);
  });

  test('D9: a card issued by an intermediate CA chains through the x5c intermediates, and not without them', async () => {
    const system = await s.addSystem('connecting');
    const intermediate = createIntermediateAuthority(s.ca, 'Kansio test intermediate CA');
    const card = await s.addProfessional({ ca: intermediate });
    assert.equal(card.chainPem?.length, 1);
    assert.ok(new X509Certificate(card.chainPem![0]!).ca);
    assert.equal((await s.post(await s.form(system, { card }))).status, 200);
    await refusedWith(await s.form(system, { card: { ...card, chainPem: [] } }), /does not chain to a trusted professional-card CA \(last issuer: 'CN=Kansio test intermediate CA'\); include any intermediate/);
  });
});
