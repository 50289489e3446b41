/**
 * The Quarkus shell: config mappings per area (node, UI, mesh, transfers) and the producers that
 * build the CDI-free core from them and expose its parts as beans. Endpoints are web's; what the
 * parts do is theirs.
 */
package dev.drawbridge.app;
