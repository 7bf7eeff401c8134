/** The high-level flows, one call each. `R4Client` binds them to its state; see docs/sdk.md. */
export type { FlowApis, FlowContext } from "./context";
export { DEFAULT_DATA_CLASSIFICATION, archiveVault, createVault, readVault, setVaultProject, updateVault } from "./vaults";
export type { CreateVaultInput, CreatedVault, UpdateVaultInput, VaultView } from "./vaults";
export { archiveItem, createItem, fieldIdsOf, moveItem, readItem, readItemWithReceipt, updateItem } from "./items";
export type { CreateItemInput, ItemField, ItemFieldInput, ItemView, ReceiptedItem, UpdateItemInput, WrittenItem } from "./items";
export { completePurchaseHandoff, handoffItemId } from "./purchases";
export type { CompleteHandoffInput } from "./purchases";
export { envName, getLicenseEnvironment } from "./licenses";
export type { LicenseEnvironment } from "./licenses";
export { ChainState } from "./state/chain";
export { KeyRegistration } from "./state/registration";
export type { OwnKey } from "./state/registration";
export { VaultKeys } from "./state/vault-keys";
export type { VaultDek } from "./state/vault-keys";
export { DEFAULT_CONFLICT_RETRIES, VaultWriteQueue, isCheckpointConflict } from "./state/write-queue";
