/**
 * What every flow runs with: the resource classes (one method per route) and the per-process
 * state of one client. Flows are plain functions of this context, so each reads top to bottom as
 * the protocol steps it performs.
 */
import type { KeyObject } from "node:crypto";
import type { ItemsApi, KeysApi, LicensesApi, PurchasesApi, VaultsApi } from "../resources";
import type { ChainState } from "./state/chain";
import type { KeyRegistration } from "./state/registration";
import type { VaultKeys } from "./state/vault-keys";
import type { VaultWriteQueue } from "./state/write-queue";

export interface FlowApis {
    vaults: VaultsApi;
    items: ItemsApi;
    keys: KeysApi;
    purchases: PurchasesApi;
    licenses: LicensesApi;
}

export interface FlowContext {
    api: FlowApis;
    privateKey: KeyObject;
    registration: KeyRegistration;
    keys: VaultKeys;
    chain: ChainState;
    queue: VaultWriteQueue;
}
