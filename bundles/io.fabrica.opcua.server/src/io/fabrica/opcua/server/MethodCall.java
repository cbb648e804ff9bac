package io.fabrica.opcua.server;

/**
 * Runs an OPC UA method call with knowledge of who calls: the runtime refuses a deployment from an
 * unencrypted channel or an anonymous user before it looks at the package.
 */
@FunctionalInterface
public interface MethodCall {

    /**
     * Who is calling.
     *
     * @param securityMode the channel's message security mode: {@code None}, {@code Sign} or {@code SignAndEncrypt}
     * @param securityPolicyUri the channel's security policy URI
     * @param user the authenticated user name, or {@code null} for an anonymous session
     */
    record Caller(String securityMode, String securityPolicyUri, String user) {
        /** @return whether the channel signs and encrypts every message */
        public boolean encrypted() {
            return "SignAndEncrypt".equals(securityMode);
        }
    }

    /**
     * Runs the call.
     *
     * @param caller who calls
     * @param inputs the input values, in argument order (a ByteString arrives as {@code byte[]})
     * @return the output values, in argument order
     * @throws SecurityException to refuse the caller ({@code Bad_UserAccessDenied} with the message)
     * @throws IllegalArgumentException to refuse the input ({@code Bad_InvalidArgument} with the message)
     * @throws IllegalStateException when the call cannot be done now ({@code Bad_InvalidState} with the message)
     */
    Object[] call(Caller caller, Object[] inputs);
}
