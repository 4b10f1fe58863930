/** Spring wiring of pop3-service: its {@code mail.pop3.*} settings, the beans and the server's life cycle. */
package org.mailplatform.pop3.config;
