# The production image of Q1 Một cửa (docker-compose.prod.yml builds it; the backup service runs it too):
# the official Odoo 18.0 image, pinned to a dated release, with the pinned Python packages of
# config/requirements-prod.txt (click-odoo-contrib for backups and restores; the OCA addons the product needs).
# The addons of this repository are not copied in: compose mounts ./addons at /mnt/extra-addons.
FROM odoo:18.0-20260817

USER root
COPY config/requirements-prod.txt /tmp/q1-requirements-prod.txt
# --no-deps: the file pins every package, dependencies included (OCA addon wheels declare odoo==18.0.*, which
#   the image's .deb does not register with pip).
# --break-system-packages: Ubuntu's Python is "externally managed" (PEP 668); pip installs under /usr/local.
# --ignore-installed: never try to uninstall a package of the distribution (pip cannot, it has no RECORD).
RUN pip3 install --no-cache-dir --no-deps --break-system-packages --ignore-installed \
        -r /tmp/q1-requirements-prod.txt \
    && rm /tmp/q1-requirements-prod.txt \
    && mkdir -p /var/backups/q1 \
    && chown odoo:odoo /var/backups/q1
# /var/backups/q1 belongs to odoo, so the named volume mounted there (docker-compose.prod.yml) starts writable

USER odoo
