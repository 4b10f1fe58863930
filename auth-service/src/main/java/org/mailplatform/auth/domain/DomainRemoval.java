package org.mailplatform.auth.domain;

/**
 * Published (synchronously) just before a domain is deleted, so that what other features keep per
 * domain (DKIM keys) goes first and never outlives it, without this package knowing those
 * features. A listener that fails stops the deletion.
 *
 * @param domainId the domain's lower-case A-label
 */
public record DomainRemoval(String domainId) {
}
