/**
 * A network-namespace test lab: hosts, switches and NAT routers built from netns, veth, bridges and
 * iptables, so tests can run real peers behind real (cone or symmetric) NATs on one machine. Needs
 * root; without it {@link dev.drawbridge.netlab.NetLab#create()} skips the calling test.
 */
package dev.drawbridge.netlab;
