/**
 * The gateway's settings: one typed {@code @ConfigMapping} per area ({@code gateway.sip.*}, {@code gateway.media.*},
 * {@code gateway.dialplan.*}, {@code gateway.limits.*}, {@code gateway.auth.*}, {@code gateway.webhooks.*}, {@code gateway.cdr.*}) and their start-up validation, so a bad
 * value stops the service before it takes a call. What is built from them lives in {@link io.dialout.gateway.wiring}.
 */
package io.dialout.gateway.config;
