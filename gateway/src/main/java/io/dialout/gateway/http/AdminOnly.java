package io.dialout.gateway.http;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the admin resources: {@link AdminAuthFilter} runs for them (bound to the resource, not to a path spelling, so
 * {@code //v1/calls} or an encoded slash cannot slip past it).
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AdminOnly {}
