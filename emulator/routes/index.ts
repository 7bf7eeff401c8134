/** Every machine route the emulator implements; anything else under the base path answers 501. */
import type { RouteSpec } from "../context";
import { agentRoutes } from "./agents";
import { dnsRoutes } from "./dns";
import { itemRoutes } from "./items";
import { keyRoutes } from "./keys";
import { licenseRoutes } from "./licenses";
import { meRoutes } from "./me";
import { permissionRoutes } from "./permissions";
import { projectRoutes } from "./projects";
import { purchaseRoutes } from "./purchases";
import { vaultRoutes } from "./vaults";

export const ROUTES: RouteSpec[] = [
    ...meRoutes, ...keyRoutes, ...vaultRoutes, ...itemRoutes, ...permissionRoutes, ...projectRoutes, ...dnsRoutes, ...agentRoutes, ...purchaseRoutes, ...licenseRoutes,
];
