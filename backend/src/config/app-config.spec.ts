import { ConfigError, loadConfig } from './app-config';

const required = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/chat',
  REDIS_URL: 'redis://localhost:6379',
  JWT_SECRET: 'Zr8qL2vX9mN4pT7wK1sD6fH3jB5nC0gE-test',
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(required);
    expect(config.PORT).toBe(3000);
    expect(config.DB_MIGRATE).toBe(true);
    expect(config.HTTP_BODY_LIMIT).toBe('100kb');
  });

  it('reads the offered bots: a list, none, or a clear error', () => {
    expect(loadConfig(required).enabledBots).toEqual(['sizebot', 'assistant']);
    expect(loadConfig({ ...required, BOTS: 'assistant' }).enabledBots).toEqual(['assistant']);
    expect(loadConfig({ ...required, BOTS: 'none' }).enabledBots).toEqual([]);
    expect(() => loadConfig({ ...required, BOTS: 'sizebot,clippy' })).toThrow(
      /^Invalid configuration: BOTS=/,
    );
    expect(() => loadConfig({ ...required, WORKER_MODE: 'sometimes' })).toThrow(/WORKER_MODE/);
    expect(() => loadConfig({ ...required, LLM_BASE_URL: 'localhost:11434' })).toThrow(
      /LLM_BASE_URL/,
    );
  });

  it('converts numbers and booleans from strings', () => {
    const config = loadConfig({ ...required, PORT: '8080', DB_MIGRATE: 'false' });
    expect(config.PORT).toBe(8080);
    expect(config.DB_MIGRATE).toBe(false);
  });

  it('rejects a bad value with one line naming the variable', () => {
    expect(() => loadConfig({ ...required, PORT: 'abc' })).toThrow(ConfigError);
    try {
      loadConfig({ ...required, PORT: 'abc' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/^Invalid configuration: PORT="abc": /);
    }
  });

  it('names every missing required variable', () => {
    expect(() => loadConfig({})).toThrow(/DATABASE_URL is required.*REDIS_URL is required/);
  });

  it('rejects values outside their allowed set', () => {
    expect(() => loadConfig({ ...required, LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL="loud"/);
    expect(() => loadConfig({ ...required, PORT: '70000' })).toThrow(/PORT="70000"/);
    expect(() => loadConfig({ ...required, DB_MIGRATE: 'maybe' })).toThrow(/DB_MIGRATE="maybe"/);
  });

  it('refuses a missing or weak JWT secret, and names it: there is no built-in one', () => {
    const withoutSecret = { ...required, JWT_SECRET: undefined };
    for (const NODE_ENV of ['development', 'test', 'production']) {
      expect(() => loadConfig({ ...withoutSecret, NODE_ENV })).toThrow(
        /^Invalid configuration: JWT_SECRET is required/,
      );
    }
    expect(() => loadConfig({ ...required, NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(
      /JWT_SECRET="short": must be at least 32 characters/,
    );
    expect(() =>
      loadConfig({ ...required, NODE_ENV: 'production', JWT_SECRET: 'a'.repeat(40) }),
    ).toThrow(/JWT_SECRET is too weak/);
    const config = loadConfig({
      ...required,
      NODE_ENV: 'production',
      JWT_SECRET: 'Zr8qL2vX9mN4pT7wK1sD6fH3jB5nC0gE',
    });
    expect(config.jwtSecret).toBe('Zr8qL2vX9mN4pT7wK1sD6fH3jB5nC0gE');
  });

  it('takes encryption keys with a separate index key, or says what is wrong', () => {
    const k = (byte: number) => Buffer.alloc(32, byte).toString('base64');
    expect(loadConfig(required).ENCRYPTION_KEYS).toBeUndefined();
    const on = {
      ...required,
      ENCRYPTION_KEYS: `k2:${k(2)},k1:${k(1)}`,
      ENCRYPTION_INDEX_KEY: k(9),
    };
    expect(loadConfig(on).ENCRYPTION_KEYS).toBe(on.ENCRYPTION_KEYS);
    expect(() => loadConfig({ ...on, ENCRYPTION_INDEX_KEY: undefined })).toThrow(
      /ENCRYPTION_INDEX_KEY is required/,
    );
    expect(() => loadConfig({ ...on, ENCRYPTION_INDEX_KEY: k(1) })).toThrow(/must differ/);
    expect(() => loadConfig({ ...on, ENCRYPTION_KEYS: 'k1:short' })).toThrow(
      /ENCRYPTION_KEYS: key "k1" must be 32 bytes/,
    );
    expect(() => loadConfig({ ...required, ENCRYPTION_INDEX_KEY: k(9) })).toThrow(
      /ENCRYPTION_INDEX_KEY needs ENCRYPTION_KEYS/,
    );
  });

  it('stores uploads on disk unless S3_BUCKET is set; S3 keys come as a pair', () => {
    const config = loadConfig(required);
    expect(config.UPLOADS_DIR).toBe('.data/uploads');
    expect(config.UPLOAD_MAX_BYTES).toBe(26_214_400);
    expect(config.S3_BUCKET).toBeUndefined();
    const s3 = { ...required, S3_BUCKET: 'chat-uploads', S3_FORCE_PATH_STYLE: 'true' };
    expect(loadConfig(s3)).toMatchObject({ S3_BUCKET: 'chat-uploads', S3_FORCE_PATH_STYLE: true });
    expect(() => loadConfig({ ...s3, S3_ACCESS_KEY_ID: 'key' })).toThrow(/S3_SECRET_ACCESS_KEY/);
    expect(() => loadConfig({ ...required, S3_BUCKET: 'Bad_Bucket' })).toThrow(/S3_BUCKET/);
  });

  it('takes test-only fault injection outside production, never in it', () => {
    const fault = { ...required, FAULT_INJECTION: 'exit-after-commit' };
    expect(loadConfig({ ...fault, NODE_ENV: 'test' }).FAULT_INJECTION).toBe('exit-after-commit');
    expect(loadConfig(required).FAULT_INJECTION).toBeUndefined();
    expect(() => loadConfig({ ...fault, NODE_ENV: 'production' })).toThrow(/FAULT_INJECTION/);
    expect(() => loadConfig({ ...required, FAULT_INJECTION: 'crash' })).toThrow(/FAULT_INJECTION/);
  });

  it('lets link previews reach private addresses only when asked, never in production', () => {
    expect(loadConfig(required).LINK_PREVIEW_ALLOW_PRIVATE).toBe(false);
    const open = { ...required, LINK_PREVIEW_ALLOW_PRIVATE: 'true' };
    expect(loadConfig({ ...open, NODE_ENV: 'test' }).LINK_PREVIEW_ALLOW_PRIVATE).toBe(true);
    expect(() => loadConfig({ ...open, NODE_ENV: 'production' })).toThrow(
      /LINK_PREVIEW_ALLOW_PRIVATE/,
    );
  });
});
