package dev.drawbridge.netlab;

/**
 * An HTTP answer as curl saw it; status 0 means no answer at all (curl's 000), body then holds
 * curl's error.
 */
public record HttpResult(int status, String body) {}
