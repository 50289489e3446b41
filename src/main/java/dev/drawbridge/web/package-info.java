/**
 * The owner's side, the only package with endpoints: pages (Qute + htmx, one template per page,
 * fragments for what htmx swaps), the local JSON API (/api/v1) by area, one error mapper, one htmx
 * helper and one live channel. Served on loopback; every request passes {@link OwnerGuard}. The
 * work itself is left to the core's services; nothing here is reachable from the mesh.
 */
package dev.drawbridge.web;
