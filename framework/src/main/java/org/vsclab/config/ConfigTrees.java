package org.vsclab.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Map;
import java.util.function.BiConsumer;

/** Walks config trees leaf by leaf, counting nulls, lists and empty objects as leaves. */
final class ConfigTrees {

    private ConfigTrees() {}

    /**
     * Visits every leaf.
     *
     * @param object the tree
     * @param prefix the path of {@code object} ("" for a root)
     * @param visitor receives each leaf's full path and value
     */
    static void forEachLeaf(ConfigObject object, String prefix, BiConsumer<String, ConfigValue> visitor) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            String path = prefix.isEmpty() ? ConfigUtil.joinPath(e.getKey()) : prefix + "." + ConfigUtil.joinPath(e.getKey());
            ConfigValue value = e.getValue();
            if (isNonEmptyObject(value)) {
                forEachLeaf((ConfigObject) value, path, visitor);
            } else {
                visitor.accept(path, value);
            }
        }
    }

    private static boolean isNonEmptyObject(ConfigValue value) {
        try {
            return value.valueType() == ConfigValueType.OBJECT && !((ConfigObject) value).isEmpty();
        } catch (ConfigException.NotResolved e) {
            return false;
        }
    }
}
