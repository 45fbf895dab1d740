/**
 * Strict reading of the YAML files operators write (job specs, provisioning projects, startup kit
 * configurations): unknown keys, wrong types and missing values are refused with a message that
 * names the file, the line, the field and the fix.
 */
package io.fedcredit.core.config;
