/**
 * Provisioning a federation: {@code fl-server provision} reads a {@link
 * io.fedcredit.server.provision.FederationProject} (YAML), creates the federation's CA and one
 * startup kit per party ({@link io.fedcredit.server.provision.Provisioner}); {@code fl-server
 * revoke} adds a party's certificate to the CA's signed revocation list. The certificates and
 * keys themselves come from {@code io.fedcredit.crypto.pki}; kits are read back by
 * {@link io.fedcredit.core.transport.StartupKit}.
 */
package io.fedcredit.server.provision;
