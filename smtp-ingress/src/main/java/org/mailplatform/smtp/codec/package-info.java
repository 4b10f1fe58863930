/**
 * The SMTP wire format in plain Java (no Netty, no Spring; an ArchUnit test keeps it so): command
 * lines to {@link org.mailplatform.smtp.codec.SmtpCommand} records (RFC 5321 section 4.1 with the
 * parameters of RFC 1870, 6152, 6531, 3030, 4954 and 3461), replies with enhanced status codes
 * (RFC 3463, RFC 2034) to bytes, and the DATA stream's dot-unstuffing
 * ({@link org.mailplatform.smtp.codec.DataDecoder}).
 */
package org.mailplatform.smtp.codec;
