/* The block device methods, their defaults, and opening devices by scheme. */
#include <string.h>
#include <wireboot/blockdev.h>
#include <wireboot/uri.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_SAN

INTF_METHOD_DEFINE(block_read);
INTF_METHOD_DEFINE(block_write);
INTF_METHOD_DEFINE(block_read_capacity);
INTF_METHOD_DEFINE(block_capacity);
INTF_METHOD_DEFINE(block_describe);

int block_read(struct interface *intf, struct interface *data, uint64_t lba,
	       unsigned int count, void *buffer, size_t len)
{
	struct interface *dest;
	intf_op_t(block_read) op = intf_get_dest_op(intf, block_read, &dest);
	int rc = ERR(ENOTSUP);

	if (op)
		rc = op(intf_object(dest), data, lba, count, buffer, len);
	intf_put(dest);
	return rc;
}

int block_write(struct interface *intf, struct interface *data, uint64_t lba,
		unsigned int count, const void *buffer, size_t len)
{
	struct interface *dest;
	intf_op_t(block_write) op = intf_get_dest_op(intf, block_write, &dest);
	int rc = ERR(ENOTSUP);

	if (op)
		rc = op(intf_object(dest), data, lba, count, buffer, len);
	intf_put(dest);
	return rc;
}

int block_read_capacity(struct interface *intf, struct interface *data)
{
	struct interface *dest;
	intf_op_t(block_read_capacity) op =
		intf_get_dest_op(intf, block_read_capacity, &dest);
	int rc = ERR(ENOTSUP);

	if (op)
		rc = op(intf_object(dest), data);
	intf_put(dest);
	return rc;
}

void block_capacity(struct interface *intf, const struct block_capacity *cap)
{
	struct interface *dest;
	intf_op_t(block_capacity) op =
		intf_get_dest_op(intf, block_capacity, &dest);

	if (op)
		op(intf_object(dest), cap);
	intf_put(dest);
}

struct san_descriptor *block_describe(struct interface *intf)
{
	struct interface *dest;
	intf_op_t(block_describe) op =
		intf_get_dest_op(intf, block_describe, &dest);
	struct san_descriptor *desc = NULL;

	if (op)
		desc = op(intf_object(dest));
	intf_put(dest);
	return desc;
}

int block_open_uri(struct interface *block, struct uri *uri)
{
	const struct block_opener *opener;

	if (!uri->scheme)
		return ERR(EINVAL);
	for_each_table_entry(opener, block_openers) {
		if (strcasecmp(opener->scheme, uri->scheme) == 0)
			return opener->open(block, uri);
	}
	return ERR(ENOTSUP);
}
