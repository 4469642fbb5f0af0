package io.dialout.gateway.http;

import io.dialout.gateway.call.CallRegistry;
import io.dialout.gateway.health.Drain;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * POST /v1/admin/drain: stop taking new dials (readiness DOWN, dials get {@code error busy}); calls in progress
 * continue. Meant for a Kubernetes preStop hook. GET /v1/admin/drain reports the state.
 */
@Path("/v1/admin/drain")
@Produces(MediaType.APPLICATION_JSON)
@AdminOnly
public class AdminResource {

    @Inject
    Drain drain;

    @Inject
    CallRegistry registry;

    public record DrainStatus(boolean draining, int activeCalls) {}

    @POST
    public DrainStatus drain() {
        drain.start("POST /v1/admin/drain");
        return status();
    }

    @GET
    public DrainStatus status() {
        return new DrainStatus(drain.isDraining(), registry.size());
    }
}
