export {
  type CommandKeyVault,
  loadOrCreateMasterKey,
  plainVault,
  sealedVault,
} from './command-key-vault.js';
export { RegistryError, type RegistryErrorCode } from './errors.js';
export { migrateRegistry, REGISTRY_MIGRATIONS, type RegistryMigration } from './migrations.js';
export { MOSQUITTO_ITERATIONS, mosquittoHash, verifyMosquittoHash } from './mosquitto-hash.js';
export { type IssuedSecret, issueSecret } from './secrets.js';
export {
  DEFAULT_SERVICE_USERNAME,
  isValidServiceUsername,
  type ServiceCredentials,
  type ServiceUserRecord,
  ServiceUsers,
} from './service-users.js';
export {
  type MosquittoUser,
  type StationCredentials,
  type StationRecord,
  StationRegistry,
  type StationRegistryOptions,
} from './station-registry.js';
