/* TCP round-trip time estimation and retransmission timeout (RFC 6298). */
#include <wireboot/tcp.h>

void tcp_rtt_init(struct tcp_rtt *rtt)
{
	rtt->srtt8 = 0;
	rtt->rttvar4 = 0;
	rtt->rto = TCP_RTO_INITIAL;
}

void tcp_rtt_sample(struct tcp_rtt *rtt, uint32_t ms)
{
	uint32_t srtt, rttvar, rto, err;

	if (ms > TCP_RTO_MAX)
		ms = TCP_RTO_MAX;
	if (!rtt->srtt8) {
		/* First sample: SRTT = R, RTTVAR = R/2. */
		rtt->srtt8 = (ms ? ms : 1) * 8;
		rtt->rttvar4 = ms * 2;
	} else {
		/* RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R|; SRTT = 7/8 SRTT + 1/8 R. */
		srtt = rtt->srtt8 / 8;
		err = srtt > ms ? srtt - ms : ms - srtt;

		rtt->rttvar4 = rtt->rttvar4 - rtt->rttvar4 / 4 + err;
		rtt->srtt8 = rtt->srtt8 - rtt->srtt8 / 8 + ms;
		if (!rtt->srtt8)
			rtt->srtt8 = 1;
	}
	/* RTO = SRTT + max(G, 4 * RTTVAR), with a 1 ms clock granularity. */
	srtt = rtt->srtt8 / 8;
	rttvar = rtt->rttvar4 / 4;
	rto = srtt + (4 * rttvar > 1 ? 4 * rttvar : 1);
	if (rto < TCP_RTO_MIN)
		rto = TCP_RTO_MIN;
	if (rto > TCP_RTO_MAX)
		rto = TCP_RTO_MAX;
	rtt->rto = rto;
}
