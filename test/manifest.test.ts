import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const schema = JSON.parse(
  readFileSync(
    new URL('./fixtures/slack-manifest-schema/manifest.schema.1.0.0.json', import.meta.url),
    'utf8',
  ),
);
const manifest = parse(readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8'));
// The schema's own `$schema` property uses format "uri", which Slack's validator does not enforce either.
const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);

describe('manifest.yml', () => {
  it("is valid against Slack's manifest schema", () => {
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('declares what the bot uses: /reauth, interactivity, App Home events and Socket Mode', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/reauth']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        'commands',
        'chat:write',
        'im:write',
        'channels:history',
        'groups:history',
        'im:history',
      ]),
    );
  });

  it("shows the bot's DMs to people: the Messages tab is on, read-only as the bot reads no DMs", () => {
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(true);
  });

  it('may list user groups, for REAUTH_AGENTS entries that name one (usergroups.users.list)', () => {
    expect(manifest.oauth_config.scopes.bot).toContain('usergroups:read');
  });

  it('rejects a manifest Slack would reject (the check can fail)', () => {
    expect(
      validate({ ...manifest, features: { ...manifest.features, slash_commands: [{ command: 'reauth' }] } }),
    ).toBe(false);
  });
});
