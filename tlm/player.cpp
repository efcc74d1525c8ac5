/* gicsim::Player: the busport over TLM-2.0 sockets and SystemC time (player.h). */
#include "player.h"

namespace gicsim {

using sc_core::sc_time;

static constexpr unsigned MAX_YIELDS = 1000;

/* ---- the busport's functions: each forwards to the player ---------------------- */

static Player &P(void *ctx)
{
    return *static_cast<Player *>(ctx);
}

static gic_status_t p_mmio_read(void *c, uint64_t addr, unsigned size, gic_attrs_t a,
                                uint64_t *val)
{
    return P(c).mmio_read(addr, size, a, val);
}

static gic_status_t p_mmio_write(void *c, uint64_t addr, unsigned size, uint64_t val,
                                 gic_attrs_t a)
{
    return P(c).mmio_write(addr, size, val, a);
}

static gic_status_t p_msi(void *c, unsigned its, uint32_t device_id, uint32_t event_id)
{
    return P(c).msi(its, device_id, event_id);
}

static gic_status_t p_sysreg_read(void *c, unsigned cpu, gic_sysreg_t reg, uint64_t *val)
{
    return P(c).gic().sysreg_read(cpu, reg, val);
}

static gic_status_t p_sysreg_write(void *c, unsigned cpu, gic_sysreg_t reg, uint64_t val)
{
    return P(c).gic().sysreg_write(cpu, reg, val);
}

static gic_status_t p_set_el(void *c, unsigned cpu, unsigned el, bool imo, bool fmo)
{
    return P(c).gic().set_cpu_el(cpu, el, imo, fmo);
}

static gic_status_t p_set_secure(void *c, unsigned cpu, bool secure)
{
    return P(c).gic().set_cpu_secure(cpu, secure);
}

static gic_status_t p_set_spi(void *c, unsigned intid, bool level)
{
    return P(c).gic().set_spi(intid, level);
}

static gic_status_t p_set_ppi(void *c, unsigned cpu, unsigned intid, bool level)
{
    return P(c).gic().set_ppi(cpu, intid, level);
}

static int p_mem_read(void *c, uint64_t addr, void *buf, size_t len)
{
    return P(c).mem_read(addr, buf, len);
}

static int p_mem_write(void *c, uint64_t addr, const void *buf, size_t len)
{
    return P(c).mem_write(addr, buf, len);
}

static uint64_t p_now(void *c)
{
    (void)c;
    return Gic::now_ps();
}

static void p_advance_to(void *c, uint64_t t)
{
    P(c).advance_to(t);
}

/* ---- the player ------------------------------------------------------------------ */

Player::Player(sc_core::sc_module_name name, Gic &gic, body_fn body)
    : sc_module(name), bus("bus"), mem("mem"), gic_(gic), body_(std::move(body)),
      port_{this,          p_mmio_read, p_mmio_write, p_msi,      p_sysreg_read,
            p_sysreg_write, p_set_secure, p_set_spi,  p_set_ppi, p_set_el, p_mem_read,
            p_mem_write,   p_now,       p_advance_to},
      secure_(new SecureExtension), device_(new DeviceIdExtension)
{
    trans_.set_extension(secure_);
    trans_.set_extension(device_);
    /* Looked up by name once, not per MSI: the core's map places it. */
    for (unsigned i = 0; gic.ok() && i < gic.config().num_its; i++) {
        uint64_t addr = 0;
        unsigned width = 0;
        if (gic_reg_addr(gic.core(), "GITS_TRANSLATER", i, &addr, &width) == GIC_OK)
            translater_.push_back(addr);
    }
    SC_HAS_PROCESS(Player);
    SC_THREAD(main);
}

void Player::main()
{
    body_(*this);
    /* sc_trace writes an instant's values when the instant ends: step 1 ps past the last
     * one so that a final edge (an acknowledge at the very end) is in the VCD too. */
    wait(sc_core::sc_time(1, sc_core::SC_PS));
    sc_core::sc_stop();
}

/* The annotated delay is not waited for: the runner's models act in zero time, as
 * they do natively (where the runner does not charge gic_last_access_time either). */
tlm::tlm_response_status Player::transport(tlm_utils::simple_initiator_socket<Player> &s,
                                           tlm::tlm_command cmd, uint64_t addr,
                                           unsigned char *data, unsigned len, gic_attrs_t a)
{
    sc_time delay = sc_core::SC_ZERO_TIME;
    secure_->secure = a.secure;
    device_->device_id = a.device_id;
    trans_.set_command(cmd);
    trans_.set_address(addr);
    trans_.set_data_ptr(data);
    trans_.set_data_length(len);
    trans_.set_streaming_width(len);
    trans_.set_byte_enable_ptr(nullptr);
    trans_.set_dmi_allowed(false);
    trans_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    s->b_transport(trans_, delay);
    return trans_.get_response_status();
}

static gic_status_t status_of(tlm::tlm_response_status r)
{
    return r == tlm::TLM_OK_RESPONSE ? GIC_OK
           : r == tlm::TLM_ADDRESS_ERROR_RESPONSE ? GIC_ERR_UNMAPPED
                                                  : GIC_ERR_ARG;
}

/* Register data travels little-endian (the GIC's byte order), whatever the host. */
gic_status_t Player::mmio_read(uint64_t addr, unsigned size, gic_attrs_t a, uint64_t *val)
{
    unsigned char b[8] = {0};
    gic_status_t st = status_of(transport(bus, tlm::TLM_READ_COMMAND, addr, b, size, a));
    uint64_t v = 0;
    for (unsigned i = 0; i < size && i < 8; i++)
        v |= (uint64_t)b[i] << (8 * i);
    *val = v;
    return st;
}

gic_status_t Player::mmio_write(uint64_t addr, unsigned size, uint64_t val, gic_attrs_t a)
{
    unsigned char b[8];
    for (unsigned i = 0; i < 8; i++)
        b[i] = (unsigned char)(val >> (8 * i));
    return status_of(transport(bus, tlm::TLM_WRITE_COMMAND, addr, b, size, a));
}

/* An MSI is what a device does: a 32-bit write of the EventID to GITS_TRANSLATER,
 * the DeviceID in the sideband. */
gic_status_t Player::msi(unsigned its, uint32_t device_id, uint32_t event_id)
{
    if (its >= translater_.size())
        return GIC_ERR_ARG;
    return mmio_write(translater_[its], 4, event_id, gic_attrs_t{false, device_id});
}

int Player::mem_read(uint64_t addr, void *buf, size_t len)
{
    return transport(mem, tlm::TLM_READ_COMMAND, addr, static_cast<unsigned char *>(buf),
                     (unsigned)len, gic_attrs_t{false, 0}) != tlm::TLM_OK_RESPONSE;
}

int Player::mem_write(uint64_t addr, const void *buf, size_t len)
{
    /* A write command does not modify the data; the payload type is not const. */
    unsigned char *p = static_cast<unsigned char *>(const_cast<void *>(buf));
    return transport(mem, tlm::TLM_WRITE_COMMAND, addr, p, (unsigned)len,
                     gic_attrs_t{false, 0}) != tlm::TLM_OK_RESPONSE;
}

/* Waits until t; then yields delta cycles until the GIC's scheduler process has run
 * every event due at t (it is woken at that time, or re-armed by the last access), so
 * that the GIC acts before the player's own models at equal times. Finally the core's
 * clock is brought to t even when it had nothing to do, so that what the player
 * observes next carries the right time. */
void Player::advance_to(uint64_t t)
{
    uint64_t now = Gic::now_ps();
    if (t > now)
        wait(Gic::ps(t - now));
    for (unsigned n = 0; gic_next_event_time(gic_.core()) <= t; n++) {
        if (n == MAX_YIELDS)
            SC_REPORT_FATAL("gicsim/player", "the GIC's scheduler process does not run");
        wait(sc_core::SC_ZERO_TIME);
    }
    gic_.sync();
}

} // namespace gicsim
