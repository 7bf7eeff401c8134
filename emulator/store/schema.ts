/**
 * The emulator's SQLite schema. Columns hold what routes filter or join on; shapes that are only
 * ever returned whole (checkpoint envelopes, websites, job resume state) are JSON text.
 * Archive, never delete: rows carry `archived_at` and leave lists when it is set.
 */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orgs (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tenants (id TEXT PRIMARY KEY, org_id TEXT NOT NULL, name TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS domains (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL, tenant_id TEXT NOT NULL, name TEXT NOT NULL UNIQUE,
  internal_purchase INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS domain_tenants (id TEXT PRIMARY KEY, domain_id TEXT NOT NULL, tenant_id TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS agents (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL, tenant_id TEXT NOT NULL, domain_tenant_id TEXT NOT NULL, name TEXT NOT NULL,
  security_group_ids TEXT NOT NULL DEFAULT '[]', roles TEXT NOT NULL DEFAULT '[]', vault_item_id TEXT,
  last_ip TEXT, last_hostname TEXT, created_at TEXT NOT NULL, archived_at TEXT);
CREATE TABLE IF NOT EXISTS api_keys (
  access_key TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, scope TEXT NOT NULL, permissions TEXT NOT NULL,
  org_id TEXT NOT NULL, tenant_id TEXT, principal_id TEXT NOT NULL, agent_id TEXT, roles TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL, revoked_at TEXT);
CREATE TABLE IF NOT EXISTS encryption_keys (
  id TEXT PRIMARY KEY, owner_type TEXT NOT NULL, owner_id TEXT NOT NULL, public_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL, status TEXT NOT NULL, previous_id TEXT, rotation_signature TEXT, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS encryption_keys_owner ON encryption_keys(owner_id, status);
CREATE TABLE IF NOT EXISTS projects (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, domain_tenant_id TEXT, name TEXT NOT NULL, external_id TEXT,
  description TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL, archived_at TEXT);
CREATE TABLE IF NOT EXISTS vaults (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, name TEXT NOT NULL, data_classification TEXT, current_dek_version INTEGER NOT NULL,
  project_id TEXT, encryption_key_id TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL, archived_at TEXT);
CREATE TABLE IF NOT EXISTS wrapped_keys (
  vault_id TEXT NOT NULL, encryption_key_id TEXT NOT NULL, dek_version INTEGER NOT NULL, wrapped_key TEXT NOT NULL,
  created_at TEXT NOT NULL, PRIMARY KEY (vault_id, encryption_key_id, dek_version));
CREATE TABLE IF NOT EXISTS vault_items (
  id TEXT PRIMARY KEY, vault_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, websites TEXT NOT NULL,
  group_id TEXT, created_at TEXT NOT NULL, archived_at TEXT);
CREATE INDEX IF NOT EXISTS vault_items_vault ON vault_items(vault_id);
CREATE TABLE IF NOT EXISTS fields (
  id TEXT PRIMARY KEY, item_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, ord INTEGER NOT NULL, archived_at TEXT);
CREATE INDEX IF NOT EXISTS fields_item ON fields(item_id);
CREATE TABLE IF NOT EXISTS field_instances (
  id TEXT PRIMARY KEY, field_id TEXT NOT NULL, encrypted_value TEXT, seq INTEGER NOT NULL, created_at TEXT NOT NULL, archived_at TEXT);
CREATE INDEX IF NOT EXISTS field_instances_field ON field_instances(field_id);
CREATE TABLE IF NOT EXISTS checkpoints (
  kind TEXT NOT NULL, subject_id TEXT NOT NULL, version INTEGER NOT NULL, envelope TEXT NOT NULL, created_at TEXT NOT NULL,
  signer_id TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (kind, subject_id, version));
CREATE TABLE IF NOT EXISTS permissions (
  asset_type TEXT NOT NULL, asset_id TEXT NOT NULL, entity_id TEXT NOT NULL, entity_type TEXT NOT NULL,
  name TEXT, access TEXT NOT NULL, PRIMARY KEY (asset_type, asset_id, entity_id));
CREATE TABLE IF NOT EXISTS dns_records (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, domain_id TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL,
  value TEXT NOT NULL, ttl INTEGER NOT NULL, mx_pref INTEGER);
CREATE TABLE IF NOT EXISTS license_catalog (slug TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, product TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS purchase_jobs (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, principal_id TEXT NOT NULL, license_slug TEXT NOT NULL, request TEXT NOT NULL,
  status TEXT NOT NULL, step TEXT, resume_state TEXT NOT NULL, attempts INTEGER NOT NULL, failed_step TEXT, error_message TEXT,
  handoff TEXT, vault_item_id TEXT, external_license_id TEXT, dry_run INTEGER NOT NULL, order_id TEXT, order_item_id TEXT,
  next_step_at INTEGER, started_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT);
CREATE INDEX IF NOT EXISTS purchase_jobs_status ON purchase_jobs(status, next_step_at);
CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, job_id TEXT NOT NULL, kind TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS domains_bought (name TEXT PRIMARY KEY, job_id TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS license_instances (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, license_slug TEXT NOT NULL, name TEXT NOT NULL, purchase_id TEXT,
  external_license_id TEXT, project_id TEXT, vault_item_id TEXT, domain TEXT, created_at TEXT NOT NULL, archived_at TEXT);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

/**
 * Brings a data directory written by an earlier emulator to the schema above; each step checks
 * for itself whether it is needed, so running it again changes nothing.
 */
export const UPGRADES: readonly { needed: string; sql: string }[] = [
    {
        // The signer directory asks which keys signed a vault's checkpoints: a column (and a
        // covering index) answers that without parsing every stored envelope.
        needed: "SELECT COUNT(*) = 0 AS needed FROM pragma_table_info('checkpoints') WHERE name = 'signer_id'",
        sql: `ALTER TABLE checkpoints ADD COLUMN signer_id TEXT NOT NULL DEFAULT '';
              UPDATE checkpoints SET signer_id = json_extract(envelope, '$.signerUserKeyPairId');`,
    },
];

/** Indexes on columns an upgrade may have added: created after the upgrades run. */
export const INDEX_SQL = `
CREATE INDEX IF NOT EXISTS checkpoints_signers ON checkpoints(kind, subject_id, signer_id);
`;
