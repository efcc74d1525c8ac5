#!/bin/sh
# 4-CPU NVMe boot: read the drive, move the admin queue's IRQ, power off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for off in 0 64 128 256 512; do
    dd if=/dev/nvme0n1 of=/dev/null bs=4k count=16 skip=$off 2>/dev/null
done
for irq in $(grep nvme /proc/interrupts | cut -d: -f1); do
    echo 2 > /proc/irq/$irq/smp_affinity 2>/dev/null
done
dd if=/dev/nvme0n1 of=/dev/null bs=4k count=16 skip=1024 2>/dev/null
echo "capture: done"
poweroff -f
