package org.mailplatform.mailbox.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the REST API.
 *
 * @param maxPageSize most messages one page of a message list may hold (default 200)
 */
@ConfigurationProperties("mail.mailbox.api")
public record ApiProperties(@DefaultValue("200") int maxPageSize) {
}
