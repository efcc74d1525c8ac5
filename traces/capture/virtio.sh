#!/bin/sh
# 4 CPUs, three virtio-blk-pci drives (MSI-X through the ITS) beside one NVMe drive.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci \
         virtio_blk; do
    insmod /modules/$m.ko || echo "capture: insmod $m failed"
done
sleep 1
grep -E "virtio|nvme" /proc/interrupts
for d in vda vdb vdc nvme0n1; do
    dd if=/dev/$d of=/dev/null bs=4k count=32 2>/dev/null
done
for irq in $(grep virtio /proc/interrupts | cut -d: -f1); do
    echo 4 > /proc/irq/$irq/smp_affinity 2>/dev/null
done
for d in vda vdb vdc; do
    dd if=/dev/$d of=/dev/null bs=4k count=32 skip=256 2>/dev/null
done
echo "capture: done"
poweroff -f
