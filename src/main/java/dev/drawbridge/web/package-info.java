/**
 * The owner's side: Qute + htmx pages and the local JSON API (/api/v1), served by Quarkus on
 * loopback. Every request passes {@link
 * dev.drawbridge.web.OwnerGuard} (Host and Origin checks); nothing here is reachable from the mesh.
 */
package dev.drawbridge.web;
