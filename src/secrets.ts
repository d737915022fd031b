import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ValueTransformer } from "typeorm";
import { ConfigError, type Config } from "./config";

/**
 * Secrets at rest (webhook password, authorization header, signing secret, personal context):
 * AES-256-GCM with a key derived from SECRET_KEY. The key is process-wide because TypeORM column
 * transformers have no per-DataSource context; every outhook process uses exactly one key.
 */
let activeKey: Buffer | null = null;

const PREFIX = "enc:v1:";

export function useSecretKey(secret: string): void {
  activeKey = createHash("sha256").update(secret, "utf8").digest();
}

/**
 * SECRET_KEY; on SQLite, if unset, a key generated once and kept beside the database file (0600), with a warning.
 * PostgreSQL requires it (spec README): several instances share the database and must read each other's secrets.
 */
export function resolveSecretKey(config: Config, warn: (message: string) => void): string {
  if (config.secretKey) return config.secretKey;
  if (!config.databaseUrl.startsWith("sqlite:")) {
    throw new ConfigError("SECRET_KEY: required on PostgreSQL (every instance must use the same key); set it to a long random string");
  }
  if (!config.sqliteFile) {
    warn("SECRET_KEY is not set; using a throwaway key for the in-memory database");
    return randomBytes(32).toString("base64");
  }
  const file = path.join(path.dirname(config.sqliteFile), "outhook.secret.key");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32).toString("base64");
  fs.writeFileSync(file, key + "\n", { mode: 0o600, flag: "wx" });
  warn(`SECRET_KEY is not set; generated one and stored it in ${file} (keep it with the database)`);
  return key;
}

function key(): Buffer {
  if (!activeKey) throw new Error("secret key not initialised (useSecretKey)");
  return activeKey;
}

export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64");
}

export function decryptSecret(stored: string): string {
  if (!stored.startsWith(PREFIX)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), "base64");
  const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

/** Column transformer: `null` and `""` stay as they are (the API distinguishes them), anything else is encrypted. */
export const encrypted: ValueTransformer = {
  to: (value: string | null | undefined) => (value ? encryptSecret(value) : value),
  from: (value: string | null) => (value ? decryptSecret(value) : value),
};

/** The same for JSON values (personal notification context). */
export const encryptedJson: ValueTransformer = {
  to: (value: unknown) => (value === null || value === undefined ? value : encryptSecret(JSON.stringify(value))),
  from: (value: string | null) => (value ? JSON.parse(decryptSecret(value)) : null),
};
